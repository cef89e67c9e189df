// WeChat's privacy check (__usePrivacyCheck__): before the first privacy-bound call it asks the
// app, and the answer must come from a tap on a button with open-type="agreePrivacyAuthorization".
// The privacy-popup component on screen registers here and shows itself when asked.
const popups = new Set();
let pending = null;

function request(resolve) {
  pending = resolve;
  if (popups.size === 0) {
    // No pop-up on screen: refuse rather than leave WeChat waiting.
    resolve({ event: 'disagree' });
    pending = null;
    return;
  }
  popups.forEach((show) => show());
}

function answer(agreed) {
  if (!pending) return;
  const resolve = pending;
  pending = null;
  resolve(agreed ? { buttonId: 'privacy-agree', event: 'agree' } : { event: 'disagree' });
}

function register(show) {
  popups.add(show);
  return () => popups.delete(show);
}

module.exports = { request, answer, register };
