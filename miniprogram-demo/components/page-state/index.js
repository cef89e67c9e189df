// The loading, empty and error states every list page shares. state: 'loading' | 'empty' |
// 'error' | 'ready' (renders nothing); an error offers a retry, which fires `retry`.
Component({
  properties: {
    state: { type: String, value: 'loading' },
    text: { type: String, value: '' },
    detail: { type: String, value: '' },
    retryText: { type: String, value: '重试' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
