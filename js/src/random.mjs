// Host entropy for the core's DRBG. The module calls Module.hostEntropy(view) with a Uint8Array
// view of its own heap and expects it filled (true) or refused (false); it must never throw into
// the module. There is no Math.random fallback: without a secure source the core answers
// NO_SECURE_RANDOM.

// From a user's randomBytes(n) -> Uint8Array, or null for "no secure source".
export function entropyFromRandomBytes(randomBytes) {
  if (randomBytes === null) return () => false;
  if (typeof randomBytes !== 'function') throw new TypeError('randomBytes must be a function (n) => Uint8Array, or null');
  return (view) => {
    try {
      const bytes = randomBytes(view.length);
      if (!bytes || bytes.length !== view.length) return false;
      view.set(bytes);
      return true;
    } catch {
      return false;
    }
  };
}

// Web Crypto (browsers, workers, Node 20's globalThis.crypto). At most 65536 bytes per call.
export function webCryptoEntropy(cryptoObject = globalThis.crypto) {
  if (!cryptoObject || typeof cryptoObject.getRandomValues !== 'function') return () => false;
  return (view) => {
    try {
      for (let offset = 0; offset < view.length; offset += 65536) {
        cryptoObject.getRandomValues(view.subarray(offset, Math.min(view.length, offset + 65536)));
      }
      return true;
    } catch {
      return false;
    }
  };
}

// wx.getRandomValues is asynchronous while the DRBG asks synchronously, so a pool is filled before
// the module is handed out and topped up in the background whenever it runs low.
export class AsyncEntropyPool {
  constructor(request, { size = 1024, lowWater = 256 } = {}) {
    this.request = request; // (length) => Promise<Uint8Array>
    this.size = size;
    this.lowWater = lowWater;
    this.bytes = new Uint8Array(0);
    this.pending = null;
  }

  refill() {
    if (!this.pending) {
      this.pending = Promise.resolve()
        .then(() => this.request(this.size))
        .then((fresh) => {
          const merged = new Uint8Array(this.bytes.length + fresh.length);
          merged.set(this.bytes);
          merged.set(fresh, this.bytes.length);
          this.bytes = merged;
        })
        .catch(() => {})
        .then(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  take(view) {
    if (this.bytes.length < view.length) {
      this.refill();
      return false;
    }
    view.set(this.bytes.subarray(0, view.length));
    // Each byte is handed out once; the used part is zeroed before it is dropped.
    this.bytes.fill(0, 0, view.length);
    this.bytes = this.bytes.slice(view.length);
    if (this.bytes.length < this.lowWater) this.refill();
    return true;
  }
}
