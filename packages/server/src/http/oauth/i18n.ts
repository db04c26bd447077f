// The words of the server-rendered sign-in and consent pages, in the languages of the
// web app. The page speaks the language the app asked for (`lang`), else the browser's.

export type Lang = 'en' | 'fr'
export const LANGS: readonly Lang[] = ['en', 'fr']

const en = {
  signInTitle: (instance: string) => `Sign in to ${instance}`,
  asksToSignIn: (app: string) => `<strong>${app}</strong> asks you to sign in.`,
  email: 'E-mail address',
  password: 'Password',
  signIn: 'Sign in',
  forgot: 'Forgot your password?',
  noAccount: 'No account yet?',
  signUp: 'Sign up',
  invalid: 'Invalid e-mail address or password.',
  unconfirmed: 'Your e-mail address is not confirmed yet: follow the link in the e-mail we sent you.',
  pending: 'Your account is waiting for approval by an administrator.',
  suspended: 'This account is suspended.',
  throttled: (minutes: number) => `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  expired: 'Your session expired. Please sign in again.',
  signInToContinue: 'Please sign in to continue.',
  authorizeTitle: (app: string) => `Authorize ${app}`,
  authorizeQuestion: (app: string) => `Authorize ${app}?`,
  signedInAs: (user: string, instance: string) => `Signed in as <strong>@${user}</strong> on ${instance}.`,
  otherAccount: 'Use another account',
  website: 'Application website:',
  willBeAble: 'This application will be able to:',
  authorize: 'Authorize',
  deny: 'Deny',
  failed: 'Authorization failed',
  formExpired: 'This form expired. Go back and try again.',
  unknownAction: 'Unknown form action.',
  codeTitle: 'Authorization code',
  codeText: (app: string) => `Copy this code and paste it into <strong>${app}</strong>.`,
  scopes: {
    read: 'read all your account data', write: 'modify all your account data (post, follow, edit your profile)',
    follow: 'modify account relationships', push: 'receive your push notifications', profile: 'read only your account information',
  } as Record<string, string>,
  readPart: (what: string) => `read your ${what}`,
  writePart: (what: string) => `change your ${what}`,
}

type Messages = typeof en

const fr: Messages = {
  signInTitle: (instance) => `Se connecter à ${instance}`,
  asksToSignIn: (app) => `<strong>${app}</strong> vous demande de vous connecter.`,
  email: 'Adresse e-mail',
  password: 'Mot de passe',
  signIn: 'Se connecter',
  forgot: 'Mot de passe oublié ?',
  noAccount: 'Pas encore de compte ?',
  signUp: 'Créer un compte',
  invalid: 'Adresse e-mail ou mot de passe incorrect.',
  unconfirmed: 'Votre adresse e-mail n’est pas encore confirmée : suivez le lien de l’e-mail que nous vous avons envoyé.',
  pending: 'Votre compte attend l’approbation d’un administrateur.',
  suspended: 'Ce compte est suspendu.',
  throttled: (minutes) => `Trop de tentatives. Réessayez dans ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  expired: 'Votre session a expiré. Veuillez vous reconnecter.',
  signInToContinue: 'Connectez-vous pour continuer.',
  authorizeTitle: (app) => `Autoriser ${app}`,
  authorizeQuestion: (app) => `Autoriser ${app} ?`,
  signedInAs: (user, instance) => `Connecté en tant que <strong>@${user}</strong> sur ${instance}.`,
  otherAccount: 'Utiliser un autre compte',
  website: 'Site de l’application :',
  willBeAble: 'Cette application pourra :',
  authorize: 'Autoriser',
  deny: 'Refuser',
  failed: 'Autorisation impossible',
  formExpired: 'Ce formulaire a expiré. Revenez en arrière et réessayez.',
  unknownAction: 'Action de formulaire inconnue.',
  codeTitle: 'Code d’autorisation',
  codeText: (app) => `Copiez ce code et collez-le dans <strong>${app}</strong>.`,
  scopes: {
    read: 'lire toutes les données de votre compte', write: 'modifier toutes les données de votre compte (publier, suivre, modifier votre profil)',
    follow: 'modifier les relations de votre compte', push: 'recevoir vos notifications push', profile: 'lire seulement les informations de votre compte',
  },
  readPart: (what) => `lire vos ${what}`,
  writePart: (what) => `modifier vos ${what}`,
}

const catalogue: Record<Lang, Messages> = { en, fr }

/** The messages of one language. Functions that take names expect them already escaped. */
export const t = (lang: Lang): Messages => catalogue[lang]

/**
 * The page's language: `lang` from the authorization request when Phare speaks it,
 * else the best of the browser's Accept-Language, else English.
 */
export function pickLang(requested: string | undefined, acceptLanguage: string | undefined): Lang {
  const base = (tag: string) => tag.trim().toLowerCase().split('-')[0]
  if (requested && LANGS.includes(base(requested) as Lang)) return base(requested) as Lang
  const ranked = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag, ...params] = part.split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return { lang: base(tag), q: q ? Number(q.slice(2)) || 0 : 1, i }
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i)
  return (ranked.find((x) => LANGS.includes(x.lang as Lang))?.lang as Lang | undefined) ?? 'en'
}
