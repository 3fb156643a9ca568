// Handoff's report site: a static Astro build whose data comes from HANDOFF_SITE_DATA at build time.
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
