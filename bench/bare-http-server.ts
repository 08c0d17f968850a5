/**
 * The reference point of `bench async`: a bare `node:http` server in its own process that reads each
 * request and answers 202 with no work at all. The same load generator against it, in the same run,
 * shows what the machine's cores leave for lambdabox's own work per request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('bare-http-server must be started with an IPC channel');
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(202, { 'content-length': '0' });
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  send({ type: 'ready', url: `http://127.0.0.1:${port}` });
});
process.once('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
