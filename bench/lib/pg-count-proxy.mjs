// A TCP proxy in front of PostgreSQL that counts the SQL statements its clients execute, by
// reading the frontend side of the wire protocol (it never changes a byte):
//   Q (simple query)              → one statement per `;`-separated part, classified by its first keyword
//   P (Parse: name, query text)   → remembers the statement's keyword under its name
//   B (Bind: portal, statement)   → remembers which statement a portal runs
//   E (Execute: portal)           → one statement, classified by the portal's statement
// pg_stat_statements would be the usual tool, but the shared server does not preload it and
// must not be restarted; TypeORM's query logger is not reachable from the built server.
import { createConnection, createServer } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export function startCountingProxy({ host = '127.0.0.1', port = 5432 } = {}) {
  const counts = { statements: 0, byKeyword: {}, bySql: new Map() };
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const parser = frontendParser(counts);
    client.on('data', (chunk) => {
      parser(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        snapshot: () => ({ statements: counts.statements, byKeyword: { ...counts.byKeyword } }),
        /** The statements executed since the last reset, most frequent first (SQL text shortened). */
        topStatements: (limit = 20) =>
          [...counts.bySql]
            .sort((a, b) => b[1] - a[1])
            .slice(0, limit)
            .map(([sql, count]) => ({ count, sql: sql.replace(/\s+/g, ' ').slice(0, 400) })),
        reset: () => {
          counts.statements = 0;
          counts.byKeyword = {};
          counts.bySql = new Map();
        },
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function keywordOf(sql) {
  const match = /^\s*(?:\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(sql);
  return match ? match[1].toUpperCase() : '?';
}

function frontendParser(counts) {
  let buffer = Buffer.alloc(0);
  let startup = true; // the first message(s) have no type byte
  const statements = new Map(); // prepared statement name → SQL text
  const portals = new Map(); // portal name → SQL text
  const count = (sql) => {
    const keyword = keywordOf(sql);
    counts.statements += 1;
    counts.byKeyword[keyword] = (counts.byKeyword[keyword] ?? 0) + 1;
    counts.bySql.set(sql, (counts.bySql.get(sql) ?? 0) + 1);
  };
  const cString = (data, offset) => {
    const end = data.indexOf(0, offset);
    return [data.toString('utf8', offset, end), end + 1];
  };
  return (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      if (startup) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        // After SSLRequest/GSSENCRequest the real StartupMessage follows, still without a type byte.
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) startup = false;
        buffer = buffer.subarray(length);
        continue;
      }
      if (buffer.length < 5) return;
      const type = String.fromCharCode(buffer[0]);
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) return;
      const body = buffer.subarray(5, 1 + length);
      if (type === 'Q') {
        // A simple query may carry several statements (the publisher sends its lock and its
        // update as one): each counts. Workroom's SQL has no semicolon inside a literal.
        for (const statement of cString(body, 0)[0].split(/;(?=\s*\S)/)) count(statement.trim());
      } else if (type === 'P') {
        const [name, next] = cString(body, 0);
        const [sql] = cString(body, next);
        statements.set(name, sql);
      } else if (type === 'B') {
        const [portal, next] = cString(body, 0);
        const [statement] = cString(body, next);
        portals.set(portal, statements.get(statement) ?? '?');
      } else if (type === 'E') {
        const [portal] = cString(body, 0);
        count(portals.get(portal) ?? '?');
      }
      buffer = buffer.subarray(1 + length);
    }
  };
}
