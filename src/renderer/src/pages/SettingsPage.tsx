import { PagePlaceholder } from '../components/PagePlaceholder';

export function SettingsPage() {
  return <PagePlaceholder page="settings" />;
}
