/**
 * A minimal authoritative DNS server over UDP (RFC 1035) for the simulated
 * internet: A records for the names it was given, NOERROR with no answer for
 * AAAA of those names, NXDOMAIN for everything else. Enough for
 * node:dns Resolver.resolve4/resolve6 pointed at it.
 */
import { createSocket } from 'node:dgram';

export interface DnsServer {
  /** `127.0.0.1:port`, for Resolver.setServers. */
  server: string;
  records: Map<string, string[]>;
  queries: number;
  close(): Promise<void>;
}

function readName(msg: Buffer, at: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = at;
  while (msg[i]! !== 0) {
    const len = msg[i]!;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += 1 + len;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 1 };
}

export async function startDnsServer(records: Map<string, string[]>): Promise<DnsServer> {
  const socket = createSocket('udp4');
  const state = { queries: 0 };
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    state.queries++;
    const { name, end } = readName(msg, 12);
    const qtype = msg.readUInt16BE(end);
    const question = msg.subarray(12, end + 4);
    const addresses = records.get(name);
    const answers = addresses && qtype === 1 ? addresses : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0); // id
    // QR, AA, RD copied; RCODE 3 (NXDOMAIN) for unknown names.
    header.writeUInt16BE(0x8400 | (msg.readUInt16BE(2) & 0x0100) | (addresses ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const rrs = answers.map((ip) => {
      const rr = Buffer.alloc(16);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      rr.writeUInt16BE(1, 2); // A
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6); // TTL
      rr.writeUInt16BE(4, 10);
      ip.split('.').forEach((p, k) => rr.writeUInt8(Number(p), 12 + k));
      return rr;
    });
    socket.send(Buffer.concat([header, question, ...rrs]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    records,
    get queries() {
      return state.queries;
    },
    close: () => new Promise((r) => socket.close(() => r())),
  };
}
