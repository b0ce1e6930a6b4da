import ipaddr from "ipaddr.js";

/**
 * Who a per-address limit counts: an IPv4 address, or the /64 of an IPv6 one. A single host is
 * usually given a whole /64, so counting its addresses one by one would let it rotate through
 * millions of "clients". An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) counts as itself.
 */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  const network = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${network.join(":")}::/64`;
}
