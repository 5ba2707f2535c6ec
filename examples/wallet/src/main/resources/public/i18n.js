// The app's words, in English and Korean, like Tokenbooth's own pages. Keys are used by app.js and by the
// data-i18n attributes of index.html; {name} placeholders are filled by t().
export const MESSAGES = {
  en: {
    title: 'Wallet',
    tagline: 'A money API that accepts Tokenbooth tokens.',
    language: 'Language',
    login: 'Log in',
    logout: 'Log out',
    signedOut: 'You are not signed in. Log in to see your wallet.',
    signedIn: 'Signed in',
    balanceLabel: 'Balance',
    amount: 'Amount',
    amountHint: 'A whole number of won.',
    merchant: 'Merchant',
    merchantHint: 'Only for payments.',
    deposit: 'Deposit',
    withdraw: 'Withdraw',
    pay: 'Pay',
    entries: 'Entries',
    noEntries: 'No entries yet.',
    kind_deposit: 'Deposit',
    kind_withdrawal: 'Withdrawal',
    kind_payment: 'Payment',
    loading: 'Loading…',
    done_deposit: 'Deposited {amount}.',
    done_withdraw: 'Withdrew {amount}.',
    done_pay: 'Paid {amount} to {merchant}.',
    errAmount: 'Enter an amount: a whole number greater than zero.',
    errMerchant: 'Enter the merchant to pay.',
    errOverdraft: 'Not enough money in the wallet for that.',
    errForbidden: 'This sign-in does not allow that ({detail}).',
    errSession: 'Your session has ended. Log in again.',
    errState: 'The sign-in answer did not match this browser tab. Log in again.',
    errLogin: 'Sign-in failed: {detail}',
    errNetwork: 'The server could not be reached. Try again: the same request will not move money twice.',
    errServer: 'The request failed ({status}): {detail}',
    errConfig: 'The app could not start: {detail}',
  },
  ko: {
    title: '지갑',
    tagline: 'Tokenbooth 토큰을 받는 송금 API입니다.',
    language: '언어',
    login: '로그인',
    logout: '로그아웃',
    signedOut: '로그인하지 않았습니다. 로그인하면 지갑을 볼 수 있습니다.',
    signedIn: '로그인됨',
    balanceLabel: '잔액',
    amount: '금액',
    amountHint: '원 단위 정수로 입력하세요.',
    merchant: '가맹점',
    merchantHint: '결제할 때만 입력합니다.',
    deposit: '입금',
    withdraw: '출금',
    pay: '결제',
    entries: '거래 내역',
    noEntries: '아직 거래가 없습니다.',
    kind_deposit: '입금',
    kind_withdrawal: '출금',
    kind_payment: '결제',
    loading: '불러오는 중…',
    done_deposit: '{amount} 입금했습니다.',
    done_withdraw: '{amount} 출금했습니다.',
    done_pay: '{merchant}에 {amount} 결제했습니다.',
    errAmount: '금액을 0보다 큰 정수로 입력하세요.',
    errMerchant: '결제할 가맹점을 입력하세요.',
    errOverdraft: '지갑의 잔액이 부족합니다.',
    errForbidden: '이 로그인으로는 할 수 없는 작업입니다 ({detail}).',
    errSession: '세션이 끝났습니다. 다시 로그인하세요.',
    errState: '로그인 응답이 이 브라우저 탭의 요청과 맞지 않습니다. 다시 로그인하세요.',
    errLogin: '로그인에 실패했습니다: {detail}',
    errNetwork: '서버에 연결할 수 없습니다. 다시 시도하세요. 같은 요청으로 돈이 두 번 움직이지는 않습니다.',
    errServer: '요청이 실패했습니다 ({status}): {detail}',
    errConfig: '앱을 시작할 수 없습니다: {detail}',
  },
};

export const LANGUAGES = ['en', 'ko'];

/** The first of the browser's preferred languages that the app speaks (navigator.languages), else English. */
export function preferredLanguage(preferences) {
  for (const tag of preferences || []) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(primary)) {
      return primary;
    }
  }
  return 'en';
}
