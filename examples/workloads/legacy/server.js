// A workload from before distroless: plain console.log lines, no metrics, no tracing, no
// health endpoints — only `/`. Its Dockerfile and manifest lean on a shell.
'use strict';
const http = require('node:http');

const server = http.createServer((req, res) => {
  console.log(`${new Date().toString()} - ${req.method} ${req.url}`);
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('legacy app\n');
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});

const port = Number(process.env.PORT || 8082);
server.listen(port, () => console.log(`Server started on port ${port}`));
