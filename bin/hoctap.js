#!/usr/bin/env node
// The server is TypeScript run through tsx's loader: one codebase, no separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
