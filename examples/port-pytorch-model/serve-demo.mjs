// Serves demo.html: bundles demo.mjs with esbuild (tfjs-torch-ops taken from src/, so no build is needed) and
// serves it with model.json and model.bin on 127.0.0.1 (a secure context, which WebGPU needs).
//
//   node examples/port-pytorch-model/serve-demo.mjs [--port 8080]      then open the address it prints
//
// WebGPU in Chromium on Linux needs --enable-unsafe-webgpu; demo.test.ts opens the page in headless Chromium.
import * as esbuild from 'esbuild';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseCli, usageError} from '../../scripts/cli.mjs';
import {PORT_OPTION, listen, portFrom} from '../listen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const cli = {
  usage: 'npm run demo [-- --port N]   (node examples/port-pytorch-model/serve-demo.mjs)',
  summary:
    'Serves the TinyPortNet browser demo (demo.html) on 127.0.0.1; open the address it prints. WebGPU in\n' +
    'Chromium on Linux needs --enable-unsafe-webgpu.',
  options: PORT_OPTION,
};
const where = portFrom(parseCli(cli).values);
if (where === null) usageError(cli, '--port takes an integer from 0 to 65535');

const bundle = await esbuild.build({
  entryPoints: [join(here, 'demo.mjs')],
  absWorkingDir: root,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome110',
  write: false,
  outfile: 'demo.js',
  alias: {'tfjs-torch-ops': './src/index.ts'},
  define: {'process.env.NODE_ENV': '"production"'},
  logLevel: 'warning',
});
const files = {
  '/': ['demo.html', 'text/html; charset=utf-8'],
  '/demo.html': ['demo.html', 'text/html; charset=utf-8'],
  '/model.json': ['model.json', 'application/json'],
  '/model.bin': ['model.bin', 'application/octet-stream'],
};
const js = bundle.outputFiles[0].contents;

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const headers = {'Cache-Control': 'no-store'};
  if (path === '/demo.js') {
    res.writeHead(200, {...headers, 'Content-Type': 'text/javascript; charset=utf-8'});
    res.end(js);
  } else if (path in files) {
    const [name, type] = files[path];
    res.writeHead(200, {...headers, 'Content-Type': type});
    res.end(readFileSync(join(here, name)));
  } else {
    res.writeHead(path === '/favicon.ico' ? 204 : 404, headers);
    res.end();
  }
});
listen(server, {...where, name: 'demo'});
