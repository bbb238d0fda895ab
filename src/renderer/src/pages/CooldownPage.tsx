import { PagePlaceholder } from '../components/PagePlaceholder';

export function CooldownPage() {
  return <PagePlaceholder page="cooldown" />;
}
