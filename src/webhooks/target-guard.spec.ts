import { isPrivateAddress, resolveTarget, TargetRefused, urlProblem } from './target-guard';

describe('webhook target guard', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fd00::1', 'fc12::3', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '[::1]', '::127.0.0.1', '64:ff9b::a00:1', 'fe80::1%eth0', 'not-an-ip',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));

  it('checks the URL form', () => {
    expect(urlProblem('https://example.com/hook')).toBeNull();
    expect(urlProblem('ftp://example.com/')).toMatch(/http/);
    expect(urlProblem('https://u:p@example.com/')).toMatch(/credentials/);
    expect(urlProblem('not a url')).toMatch(/absolute/);
  });

  it('refuses a host that resolves to a private address, unless allowed', async () => {
    const fake = (addresses: string[]) => (_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    await expect(resolveTarget('https://hooks.example.com/x', false, fake(['93.184.216.34']))).resolves.toHaveLength(1);
    await expect(resolveTarget('https://hooks.example.com/x', false, fake(['93.184.216.34', '10.0.0.5']))).rejects.toBeInstanceOf(TargetRefused);
    await expect(resolveTarget('https://hooks.example.com/x', true, fake(['10.0.0.5']))).resolves.toHaveLength(1);
    await expect(resolveTarget('http://127.0.0.1:9/x', false)).rejects.toThrow(/loopback, private/);
    await expect(resolveTarget('http://[::1]:9/x', false)).rejects.toThrow(/loopback, private/);
  });
});
