// What a page shows for a failure: a door that may have opened is its own state, never a plain
// error, so that nobody taps "unlock" again before looking at the door.
function describeError(error) {
  const outcomeUnknown = Boolean(error && error.outcomeUnknown);
  const code = (error && error.code) || '';
  const message = String((error && error.message) || error || '');
  return { outcomeUnknown, code, message };
}

module.exports = { describeError };
