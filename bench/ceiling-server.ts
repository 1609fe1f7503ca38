import { createServer } from "node:http";

// The machine's ceiling: a plain node:http server answering a fixed JSON body, nothing else.
const body = JSON.stringify({ statusCode: 200, message: "Operation successful", data: { enrollmentToken: "x".repeat(172) } });
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
});
server.listen(0, "127.0.0.1", () => console.log(`ceiling listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
process.on("SIGTERM", () => process.exit(0));
