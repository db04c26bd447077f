// Entry point: settings and session first (theme before the first paint), then the app.
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { startNotifications } from './state/notifications.ts'
import { restoreSession } from './state/session.ts'
import { startSettings } from './state/settings.ts'
import { startShortcuts } from './shortcuts.ts'
import './styles.css'

startSettings()
restoreSession()
startNotifications()
startShortcuts()
createRoot(document.getElementById('root')!).render(<App />)
