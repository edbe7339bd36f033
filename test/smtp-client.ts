import net from 'node:net';

export type SmtpClient = {
  /** The next complete reply (its last line, `250 …`), or '' once the server has closed the connection. */
  reply(): Promise<string>;
  command(line: string): Promise<string>;
  /** One whole transaction; stops at the first reply that is not the expected one and returns it. */
  send(message: { from?: string; size?: number; body: string }): Promise<string>;
  quit(): Promise<void>;
  closed: Promise<void>;
};

/**
 * A raw SMTP client that waits for each reply instead of sleeping: the reply of a command is known to be
 * complete at its final line (`NNN text`, not `NNN-text`). `localAddress` picks another loopback address
 * (127.0.0.2 …) to act as a second client.
 */
export function connectSmtp(port: number, localAddress = '127.0.0.1'): SmtpClient {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  let buffer = '';
  let ended = false;
  const ready: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  const deliver = (line: string) => {
    const w = waiting.shift();
    if (w) w(line);
    else ready.push(line);
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (/^\d{3}( |$)/.test(line)) deliver(line);
    }
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      ended = true;
      for (const w of waiting.splice(0)) w('');
      resolve();
    }),
  );
  const reply = () =>
    new Promise<string>((resolve) => {
      const line = ready.shift();
      if (line !== undefined) resolve(line);
      else if (ended) resolve('');
      else waiting.push(resolve);
    });
  const command = (line: string) => {
    if (!ended) socket.write(`${line}\r\n`);
    return reply();
  };
  return {
    reply,
    command,
    closed,
    async send({ from = 'citizen@example.jp', size, body }) {
      const steps: [string, RegExp][] = [
        [`MAIL FROM:<${from}>${size ? ` SIZE=${size}` : ''}`, /^250 /],
        ['RCPT TO:<report@phishdesk.test>', /^250 /],
        ['DATA', /^354 /],
      ];
      for (const [line, expected] of steps) {
        const r = await command(line);
        if (!expected.test(r)) return r;
      }
      return command(`${body.replace(/\r?\n/g, '\r\n')}\r\n.`);
    },
    async quit() {
      if (!ended) await command('QUIT');
      socket.end();
      await closed;
    },
  };
}
