// The Vaadin plugin runs Vite in ui/, while package.json, node_modules and the real Vite config sit at the
// repository root, above frontend/, so that the TypeScript in frontend/ resolves its imports.
export { default } from '../vite.config';
