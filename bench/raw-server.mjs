// Baseline for `npm run bench`: plain node:http answering a fixed JSON body of a given size.
import { createServer } from 'node:http';

const [port, size] = process.argv.slice(2).map(Number);
const filler = 'x'.repeat(Math.max(0, size - 40));
const body = Buffer.from(JSON.stringify({ id: 1, title: 'baseline', html: filler }));
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  response.end(body);
}).listen(port, '127.0.0.1', () => process.stdout.write(`listening ${body.length}\n`));
