// The members of a loaded `dl` that the host part of an entry adds (dl.cloud, dl.flows), defined
// as getters that load that part and put the real members in their place: a program that never
// touches them never parses the cloud client, the transports or the flows. Used by the entries
// that are split in two files (Node, WeChat); `attach(dl)` loads the host part and attaches it.
const HOST_MEMBERS = ['cloud', 'flows'];

export function attachHostOnFirstUse(dl, attach) {
  const attachNow = () => {
    for (const name of HOST_MEMBERS) delete dl[name];
    attach(dl);
  };
  for (const name of HOST_MEMBERS) {
    Object.defineProperty(dl, name, {
      configurable: true,
      enumerable: true,
      get() {
        attachNow();
        return dl[name];
      },
      set(value) {
        attachNow();
        dl[name] = value;
      },
    });
  }
  return dl;
}
