/** The strace reader the isolation test relies on: what it counts as a packet leaving, and what not. */
import { describe, expect, it } from 'vitest';
import { packetsOf } from './syscall-trace.ts';

const TRACE = [
  // A TCP connect sends a SYN: listed, whichever address.
  '101 connect(22<TCP:[4711]>, {sa_family=AF_INET, sin_port=htons(39601), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
  '101 connect(23<TCPv6:[4712]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::7", &sin6_addr), sin6_scope_id=0}, 28 <unfinished ...>',
  // A UDP connect alone sends nothing (a route lookup): not listed.
  '102 connect(26<UDP:[4713]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("8.8.8.8")}, 16) = 0',
  // A datagram to an address, and one on a connected socket: listed.
  '103 sendto(27<UDP:[0.0.0.0:5000]>, ""..., 20, 0, {sa_family=AF_INET, sin_port=htons(3478), sin_addr=inet_addr("198.51.100.7")}, 16) = 20',
  '104 sendmmsg(28<UDP:[192.0.2.2:4000->10.255.255.53:53]>, [{msg_hdr={msg_name=NULL, ...}}], 2, MSG_NOSIGNAL) = 2',
  '105 write(29<UDPv6:[[fd00::2]:4001->[2001:db8::53]:53]>, ""..., 30) = 30',
  // Local IPC (Mojo over Unix sockets) and the end of an interrupted call: not listed.
  '106 sendmsg(13<UNIX-STREAM:[4714->4715]>, {msg_name=NULL, msg_namelen=0}, MSG_NOSIGNAL) = 80',
  '107 <... connect resumed>) = 0',
].join('\n');

describe('packetsOf (strace -yy)', () => {
  it('lists TCP connects and every datagram with its destination, not UDP route lookups or IPC', () => {
    expect(packetsOf(TRACE)).toEqual([
      { call: 'connect', proto: 'tcp', address: '127.0.0.1', port: 39601 },
      { call: 'connect', proto: 'tcp', address: '2001:db8::7', port: 443 },
      { call: 'sendto', proto: 'udp', address: '198.51.100.7', port: 3478 },
      { call: 'sendmmsg', proto: 'udp', address: '10.255.255.53', port: 53 },
      { call: 'write', proto: 'udp', address: '2001:db8::53', port: 53 },
    ]);
  });
});
