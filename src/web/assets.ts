import type { Express, Request, Response } from 'express';
import express from 'express';
import path from 'node:path';
import { defaultTemplatesDir } from '../reports/templates/report-templates';

/** The project's `templates/web/`: the pages' own stylesheet and script. */
const OWN = path.join(defaultTemplatesDir(), 'web');
const pkg = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Fonts served for names in any script: Korean (with most CJK ideographs) and Japanese, regular and bold. */
const FONTS = ['noto-sans-kr', 'noto-sans-jp'];
const WEIGHTS = ['400.css', '700.css'];

const ONE_DAY_S = 86_400;

/**
 * Every script, style and font of the pages, served by the app itself from its own dependencies (no CDN:
 * the pages work offline). Public, like the sign-in page: nothing here is the organization's.
 */
export function mountAssets(app: Express): void {
  const file = (absolute: string, type: string) => (_req: Request, res: Response) => {
    res.type(type).setHeader('Cache-Control', `public, max-age=${ONE_DAY_S}`);
    res.sendFile(absolute);
  };
  app.get('/assets/htmx.min.js', file(path.join(pkg('htmx.org'), 'dist', 'htmx.min.js'), 'js'));
  app.get('/assets/echarts.min.js', file(path.join(pkg('echarts'), 'dist', 'echarts.min.js'), 'js'));
  app.get('/assets/app.js', file(path.join(OWN, 'app.js'), 'js'));
  app.get('/assets/app.css', file(path.join(OWN, 'app.css'), 'css'));
  for (const font of FONTS) {
    const dir = pkg(`@fontsource/${font}`);
    for (const weight of WEIGHTS) {
      app.get(`/assets/fonts/${font}/${weight}`, file(path.join(dir, weight), 'css'));
    }
    app.use(
      `/assets/fonts/${font}/files`,
      express.static(path.join(dir, 'files'), {
        index: false,
        redirect: false,
        maxAge: ONE_DAY_S * 1000,
        immutable: true,
      }),
    );
  }
}
