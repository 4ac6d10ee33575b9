#!/usr/bin/env node
// The `okta-scoped-viewer` command: runs the TypeScript CLI through tsx, as `npm start` runs the app.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
