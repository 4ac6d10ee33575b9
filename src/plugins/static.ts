import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { unencapsulated } from './unencapsulated.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

/** Serves `public/` at `/public/` (CSS, icons, small scripts). No directory listings, no index files. */
export const staticPlugin = unencapsulated('app-static', async (app) => {
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/public/',
    index: false,
    list: false,
    dotfiles: 'deny',
  });
});
