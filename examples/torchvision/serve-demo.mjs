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

const here = dirname(fileURLToPath(import.meta.url));
const portArg = process.argv.indexOf('--port');
const port = portArg < 0 ? 8080 : Number(process.argv[portArg + 1]);

const bundle = await esbuild.build({
  entryPoints: [join(here, 'demo_page.mjs')], absWorkingDir: resolve(here, '..', '..'), bundle: true, format: 'iife',
  platform: 'browser', target: 'chrome110', write: false, outfile: 'demo.js',
  alias: {'tfjs-torch-ops': './src/index.ts'}, define: {'process.env.NODE_ENV': '"production"'}, logLevel: 'warning',
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
server.listen(port, '127.0.0.1', () => console.log(`demo: http://127.0.0.1:${server.address().port}/`));
