// The wallet's browser app: plain modules, no build step, no framework. It signs in through Tokenbooth (oauth.js),
// calls the wallet API on this origin with the access token as a Bearer token, and shows the balance and entries.
import {AuthError, OAuthClient} from '/oauth.js';
import {LANGUAGES, MESSAGES, preferredLanguage} from '/i18n.js';

const LANGUAGE_CHOICE = 'wallet.language'; // the user's explicit choice only (not a secret)
const ACTIONS = {
  deposit: {path: '/wallet/deposits'},
  withdraw: {path: '/wallet/withdrawals'},
  pay: {path: '/wallet/payments', merchant: true},
};

const $ = id => document.getElementById(id);
let language = 'en';
let auth = null;
let wallet = null;       // the last GET /wallet answer
let lastFailed = null;   // {signature, key}: a failed action, whose Idempotency-Key a retry of it reuses

function t(key, values = {}) {
  const text = MESSAGES[language][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '');
}

function setLanguage(lang) {
  language = LANGUAGES.includes(lang) ? lang : 'en';
  document.documentElement.lang = language;
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const button of document.querySelectorAll('button.lang')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language));
  }
  render();
}

function money(amount) {
  const currency = wallet?.currency || 'KRW';
  try {
    return new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-US', {style: 'currency', currency}).format(amount);
  } catch (e) {
    return amount + ' ' + currency;
  }
}

function showError(message) {
  $('error').textContent = message || '';
  if (message) {
    $('status').textContent = '';
  }
}

function showStatus(message) {
  $('status').textContent = message || '';
}

function render() {
  const signedIn = auth?.signedIn === true;
  $('signed-out').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  if (!signedIn) {
    wallet = null;
    return;
  }
  $('user').textContent = auth.subject;
  $('balance').textContent = wallet ? money(wallet.balance) : t('loading');
  const list = $('entries');
  list.replaceChildren();
  const entries = wallet?.entries || [];
  if (wallet && entries.length === 0) {
    const empty = document.createElement('li');
    empty.textContent = t('noEntries');
    list.append(empty);
  }
  for (const entry of entries) {
    const item = document.createElement('li');
    const kind = entry.kind || entry.type || '';
    const words = [MESSAGES[language]['kind_' + kind] || kind, money(entry.amount)];
    if (entry.merchant) {
      words.push('· ' + entry.merchant);
    }
    const at = entry.createdAt || entry.created_at || entry.at;
    if (at) {
      words.push('· ' + new Date(at).toLocaleString(language === 'ko' ? 'ko-KR' : 'en-US'));
    }
    item.textContent = words.join(' ');
    list.append(item);
  }
}

/**
 * One call to the wallet API with the Bearer token. A 401 gets one refresh and one retry of the same request (the
 * same Idempotency-Key, so no money moves twice); a network failure is thrown for the user to retry.
 */
async function callWallet(method, path, body, idempotencyKey) {
  for (let attempt = 0; ; attempt++) {
    const headers = {Authorization: 'Bearer ' + await auth.accessToken(), Accept: 'application/json'};
    if (body) {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = idempotencyKey;
    }
    let response;
    try {
      response = await fetch(path, {method, headers, body: body && JSON.stringify(body), cache: 'no-store'});
    } catch (e) {
      throw new AuthError('network', e.message);
    }
    const text = await response.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch (e) {
      json = {detail: text.slice(0, 200)};
    }
    if (response.status === 401 && attempt === 0) {
      await auth.refresh();
      continue;
    }
    if (!response.ok) {
      const error = new AuthError(json.error || 'http_' + response.status,
          json.error_description || json.detail || json.title || text.slice(0, 200));
      error.status = response.status;
      throw error;
    }
    return json;
  }
}

async function loadWallet() {
  wallet = await callWallet('GET', '/wallet');
  render();
}

function explain(error) {
  if (!(error instanceof AuthError)) {
    return t('errServer', {status: '-', detail: error.message});
  }
  if (error.code === 'network') {
    return t('errNetwork');
  }
  if (error.status === 409) {
    return t('errOverdraft');
  }
  if (error.status === 403) {
    return t('errForbidden', {detail: error.message});
  }
  if (!auth.signedIn || error.status === 401 || error.code === 'invalid_grant') {
    return t('errSession');
  }
  return t('errServer', {status: error.status || error.code, detail: error.message});
}

async function act(action) {
  const spec = ACTIONS[action];
  const amountText = $('amount').value.trim();
  const merchant = $('merchant').value.trim();
  if (!/^[1-9][0-9]{0,15}$/.test(amountText)) {
    showError(t('errAmount'));
    $('amount').focus();
    return;
  }
  if (spec.merchant && !merchant) {
    showError(t('errMerchant'));
    $('merchant').focus();
    return;
  }
  const body = {amount: Number(amountText)};
  if (spec.merchant) {
    body.merchant = merchant;
  }
  // A fresh key per user action; the same action tried again after a failure keeps its key (the wallet then answers
  // the first outcome instead of moving the money again).
  const signature = action + ' ' + JSON.stringify(body);
  const key = lastFailed?.signature === signature ? lastFailed.key : crypto.randomUUID();
  setBusy(true);
  showError('');
  try {
    const answer = await callWallet('POST', spec.path, body, key);
    lastFailed = null;
    showStatus(t('done_' + action, {amount: money(body.amount), merchant}));
    if (wallet && typeof answer.balance === 'number') {
      wallet.balance = answer.balance;
      render();
    }
    await loadWallet();
  } catch (error) {
    const retryable = error.code === 'network' || (error.status >= 500);
    lastFailed = retryable ? {signature, key} : null;
    showError(explain(error));
  } finally {
    setBusy(false);
  }
}

function setBusy(busy) {
  for (const button of document.querySelectorAll('#move button')) {
    button.disabled = busy;
  }
}

function wire() {
  $('login').addEventListener('click', () => auth?.login(language).catch(e => showError(explain(e))));
  $('logout').addEventListener('click', () => auth?.logout(language));
  $('move').addEventListener('submit', event => {
    event.preventDefault();
    const action = event.submitter?.dataset.action;
    if (action) {
      act(action);
    }
  });
  for (const button of document.querySelectorAll('button.lang')) {
    button.addEventListener('click', () => {
      localStorage.setItem(LANGUAGE_CHOICE, button.dataset.lang);
      setLanguage(button.dataset.lang);
    });
  }
}

async function start() {
  setLanguage(localStorage.getItem(LANGUAGE_CHOICE) || preferredLanguage(navigator.languages));
  wire();
  try {
    const config = await (await fetch('/config.json', {cache: 'no-store'})).json();
    const discovery = await OAuthClient.discover(config);
    auth = new OAuthClient(config, discovery, () => render());
  } catch (error) {
    showError(t('errConfig', {detail: error.message}));
    return;
  }
  if (location.pathname === '/callback') {
    try {
      await auth.completeLogin();
    } catch (error) {
      showError(error.code === 'state_mismatch' ? t('errState')
          : t('errLogin', {detail: error.message || error.code}));
    }
  }
  render();
  if (auth.signedIn) {
    loadWallet().catch(error => showError(explain(error)));
  }
}

start();
