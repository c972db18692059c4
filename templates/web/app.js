// The pages' own script: draws the charts from their data attributes, after the first load and after
// every htmx swap, and marks the document when they are drawn. No inline script anywhere (CSP).
(function () {
  'use strict';

  function drawCharts(root) {
    if (typeof window.echarts === 'undefined') return;
    var boxes = root.querySelectorAll('.chart[data-option]');
    var pending = boxes.length;
    if (pending === 0) return;
    boxes.forEach(function (box) {
      var chart = window.echarts.getInstanceByDom(box) || window.echarts.init(box, null, { renderer: 'canvas' });
      chart.on('finished', function once() {
        chart.off('finished', once);
        pending -= 1;
        if (pending === 0) {
          document.documentElement.setAttribute('data-charts-drawn', 'true');
          if (window.performance && window.performance.mark) window.performance.mark('re100:charts-drawn');
        }
      });
      var option = JSON.parse(box.getAttribute('data-option'));
      option.textStyle = { fontFamily: FONTS };
      // The canvas draws with the page's web fonts only once the glyphs it needs are loaded (Hangul, kana
      // and CJK ideographs come in subsets, fetched on demand).
      fontsFor(JSON.stringify(option)).then(function () {
        chart.setOption(option, true);
      });
    });
  }

  var FONTS = "'Noto Sans KR', 'Noto Sans JP', system-ui, sans-serif";

  function fontsFor(text) {
    if (!document.fonts || !document.fonts.load) return Promise.resolve();
    return Promise.all([
      document.fonts.load("400 12px 'Noto Sans KR'", text),
      document.fonts.load("400 12px 'Noto Sans JP'", text),
    ]).catch(function () {
      return undefined;
    });
  }

  function resizeCharts() {
    if (typeof window.echarts === 'undefined') return;
    document.querySelectorAll('.chart[data-option]').forEach(function (box) {
      var chart = window.echarts.getInstanceByDom(box);
      if (chart) chart.resize();
    });
  }

  // A confirmation before buttons marked data-confirm (finalize, revoke, void): htmx's own hx-confirm
  // needs no inline script either, this covers plain forms.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });

  document.addEventListener('DOMContentLoaded', function () {
    drawCharts(document);
  });
  document.addEventListener('htmx:afterSettle', function (event) {
    drawCharts(event.target);
  });
  window.addEventListener('resize', resizeCharts);
})();
