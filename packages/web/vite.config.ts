import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The Phare server serves dist/ at `/`, so assets are absolute (`/assets/…`) and the
// dev server proxies the API to a Phare running on PHARE_DEV_API (default :3000).
export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022', assetsDir: 'assets', sourcemap: false },
  server: {
    proxy: Object.fromEntries(['/api', '/oauth', '/auth'].map((p) => [p, { target: process.env.PHARE_DEV_API ?? 'http://127.0.0.1:3000', ws: true }])),
  },
})
