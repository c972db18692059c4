import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/**
 * A page or fragment as HTML. Every text and attribute value is escaped by the renderer: templates never
 * build markup from strings (there is no raw-HTML escape hatch in src/web).
 */
export const html = (node: VNode): string => render(node);
export const htmlDocument = (node: VNode): string => `<!doctype html>${render(node)}`;
