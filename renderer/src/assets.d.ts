// Side-effect stylesheet imports (bundled by Vite): `import './app.css'`.
declare module '*.css';
