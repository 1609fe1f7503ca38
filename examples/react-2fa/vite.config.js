import { defineConfig } from "vite";

// Vite compiles the TSX itself (React's automatic JSX runtime); no plugin is needed to build.
export default defineConfig({});
