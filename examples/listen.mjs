// Where the demo servers (port-pytorch-model/serve-demo.mjs, torchvision/serve-demo.mjs) listen: 127.0.0.1 (a secure
// context, which WebGPU needs) on the port asked for. When the default port is taken (the other demo is running,
// say), a free port is taken instead and the message says so; a port named with --port that is taken is an error
// that names the flag, not a raw EADDRINUSE stack.

/** Listens on 127.0.0.1:`port` (`explicit`: the user named it) and prints `name: http://127.0.0.1:PORT/`. */
export function listen(server, {port, explicit, name}) {
  let note = '';
  server.once('error', e => {
    if ((e.code !== 'EADDRINUSE' && e.code !== 'EACCES') || explicit) {
      console.error(
        `${name}: cannot listen on 127.0.0.1:${port} (${e.code}); choose another port with --port N ` +
          '(0: any free port)',
      );
      process.exit(1);
    }
    note = `port ${port} is in use, serving on a free one instead (--port N chooses it): `;
    server.listen(0, '127.0.0.1');
  });
  // One 'listening' handler for both tries (a callback given to listen() would stay registered for the second).
  server.once('listening', () => console.log(`${name}: ${note}http://127.0.0.1:${server.address().port}/`));
  server.listen(port, '127.0.0.1');
}

/** The --port option of both demo servers (scripts/cli.mjs form). */
export const PORT_OPTION = {
  port: {
    type: 'string',
    default: '8080',
    valueName: 'N',
    description: 'port on 127.0.0.1 (0: any free one; the default falls back to a free one when taken)',
  },
};

/** The port number from parsed options, or null when it is not an integer in 0..65535. */
export function portFrom(values, argv = process.argv.slice(2)) {
  const port = Number(values.port);
  const explicit = argv.some(a => a === '--port' || a.startsWith('--port='));
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? {port, explicit} : null;
}
