// What every page shares: the service layer, its words, and how a failure becomes page data.
const { words } = require('../i18n/index.js');
const { describeError } = require('../services/errors.js');

function services() {
  return getApp().services;
}

function failure(error) {
  const described = describeError(error);
  if (described.code === 'BLE_ID_REQUIRED') return { state: 'error', errorText: words().needBleId };
  if (described.code === 'LOCK_BUSY') return { state: 'error', errorText: words().lockBusy };
  // A change whose answer was lost may have been made: say so, never "failed".
  if (described.outcomeUnknown) return { state: 'error', errorText: `${words().changeUnknown} (${described.code || 'outcomeUnknown'})` };
  return { state: 'error', errorText: described.code ? `${described.code}: ${described.message}` : described.message };
}

// The navigation bar in the user's language (the page JSON holds the Chinese title).
function title(key) {
  if (typeof wx !== 'undefined' && wx.setNavigationBarTitle) wx.setNavigationBarTitle({ title: words()[key] });
}

module.exports = { services, words, failure, describeError, title };
