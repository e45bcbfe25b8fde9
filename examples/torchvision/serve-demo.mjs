// Serves the torchvision demo (demo.html): bundles demo_page.mjs with esbuild (tfjs-torch-ops taken from src/, so
// no build is needed) and serves it on 127.0.0.1 (a secure context, which WebGPU needs).
//
//   node examples/torchvision/serve-demo.mjs [--port 8080]     then open the address it prints (?model=NAME&run=1
//                                                              runs a model on load)
// WebGPU in Chromium on Linux needs --enable-unsafe-webgpu.
import * as esbuild from 'esbuild';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseCli, usageError} from '../../scripts/cli.mjs';
import {PORT_OPTION, listen, portFrom} from '../listen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = {
  usage: 'npm run demo:torchvision [-- --port N]   (node examples/torchvision/serve-demo.mjs)',
  summary:
    'Serves the torchvision browser demo (demo.html) on 127.0.0.1; open the address it prints\n' +
    '(?model=NAME&run=1 runs a model on load). WebGPU in Chromium on Linux needs --enable-unsafe-webgpu.',
  options: PORT_OPTION,
};
const where = portFrom(parseCli(cli).values);
if (where === null) usageError(cli, '--port takes an integer from 0 to 65535');

const bundle = await esbuild.build({
  entryPoints: [join(here, 'demo_page.mjs')],
  absWorkingDir: resolve(here, '..', '..'),
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
const js = bundle.outputFiles[0].contents;

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const headers = {'Cache-Control': 'no-store'};
  if (path === '/demo.js') {
    res.writeHead(200, {...headers, 'Content-Type': 'text/javascript; charset=utf-8'});
    res.end(js);
  } else if (path === '/' || path === '/demo.html') {
    res.writeHead(200, {...headers, 'Content-Type': 'text/html; charset=utf-8'});
    res.end(readFileSync(join(here, 'demo.html')));
  } else {
    res.writeHead(path === '/favicon.ico' ? 204 : 404, headers);
    res.end();
  }
});
listen(server, {...where, name: 'demo:torchvision'});
