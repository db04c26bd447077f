// The sign-in, sign-up and callback views, grouped for the router.
import { CallbackView, SignInView, SignUpView } from './AuthViews.tsx'

export const AuthViews = { SignIn: SignInView, SignUp: SignUpView, Callback: CallbackView }
