import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CalendarsSection } from '../../features/sla/CalendarsSection.js';
import { PoliciesSection } from '../../features/sla/PoliciesSection.js';

/** SLA settings for platform admins: business calendars, and the policies that give cases their targets. */
export function SlaSettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'policies' ? 'policies' : 'calendars';
  return (
    <Stack>
      <div>
        <Title order={2}>{t('sla.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('sla.intro')}
        </Text>
      </div>
      <Tabs value={tab} onChange={(value) => setParams(value ? { tab: value } : {})} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="calendars">{t('sla.calendars.title')}</Tabs.Tab>
          <Tabs.Tab value="policies">{t('sla.policies.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="calendars" pt="md">
          <CalendarsSection />
        </Tabs.Panel>
        <Tabs.Panel value="policies" pt="md">
          <PoliciesSection />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
