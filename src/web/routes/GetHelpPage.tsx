import { Alert, Anchor, Button, Card, List, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { URGENT_CRITERIA } from '../../shared/cases.js';
import type { PartnerAccount } from '../api/types.js';
import { QueryState } from '../components/QueryState.js';
import { useContacts } from '../features/account/queries.js';
import { usePartner } from '../features/partners/queries.js';

/** The status a partner is in decides which help it needs; a paused launched partner is "under maintenance". */
function tabFor(partner: PartnerAccount): string {
  if (partner.status === 'launched' && partner.integrationState === 'paused') return 'maintenance';
  return partner.status;
}

function LaunchedHelp() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Text>{t('help.launched.intro')}</Text>
      <Button component={Link} to="/cases/new?category=technical_support" w="fit-content">
        {t('help.launched.openCase')}
      </Button>
      <Card withBorder>
        <Title order={4}>{t('help.launched.urgentTitle')}</Title>
        <Text size="sm" mb="xs">
          {t('help.launched.urgentIntro')}
        </Text>
        <List>
          {URGENT_CRITERIA.map((criterion) => (
            <List.Item key={criterion}>{t(`urgentCriteria.${criterion}`)}</List.Item>
          ))}
        </List>
        <Button
          component={Link}
          to="/cases/new?category=urgent_technical_support"
          color="red"
          mt="md"
          w="fit-content"
        >
          {t('help.launched.openUrgent')}
        </Button>
      </Card>
    </Stack>
  );
}

function IntegratingHelp({ partner }: { partner: PartnerAccount }) {
  const { t } = useTranslation();
  const contacts = useContacts(partner.id);
  return (
    <Stack>
      {partner.consultant ? (
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('help.integrating.yourConsultant')}
          </Text>
          <Text fw={600}>{partner.consultant.name}</Text>
          <Anchor href={`mailto:${partner.consultant.email}`}>{partner.consultant.email}</Anchor>
          <Button component={Link} to="/cases/new?category=integration_question" mt="md" w="fit-content">
            {t('help.integrating.contactConsultant')}
          </Button>
        </Card>
      ) : (
        <Text>{t('help.integrating.noConsultant')}</Text>
      )}
      {contacts.data?.length === 0 && (
        <Alert color="orange">
          {t('help.integrating.setUpContacts')}{' '}
          <Anchor component={Link} to="/account?tab=contacts">
            {t('help.integrating.setUpContactsLink')}
          </Anchor>
        </Alert>
      )}
    </Stack>
  );
}

export function GetHelpPage({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const partner = usePartner(partnerId);
  return (
    <Stack>
      <Title order={2}>{t('help.title')}</Title>
      <QueryState isLoading={partner.isLoading} error={partner.error}>
        {partner.data && (
          <Tabs defaultValue={tabFor(partner.data)}>
            <Tabs.List>
              <Tabs.Tab value="launched">{t('help.tabs.launched')}</Tabs.Tab>
              <Tabs.Tab value="maintenance">{t('help.tabs.maintenance')}</Tabs.Tab>
              <Tabs.Tab value="integrating">{t('help.tabs.integrating')}</Tabs.Tab>
              <Tabs.Tab value="interested">{t('help.tabs.interested')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="launched" pt="md">
              <LaunchedHelp />
            </Tabs.Panel>
            <Tabs.Panel value="maintenance" pt="md">
              <Stack>
                <Text>{t('help.maintenance.intro')}</Text>
                <Button component={Link} to="/account?tab=integration" w="fit-content">
                  {t('help.maintenance.toToggle')}
                </Button>
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="integrating" pt="md">
              <IntegratingHelp partner={partner.data} />
            </Tabs.Panel>
            <Tabs.Panel value="interested" pt="md">
              <Stack>
                <Text>{t('help.interested.intro')}</Text>
                <List>
                  <List.Item>{t('help.interested.feeds')}</List.Item>
                  <List.Item>{t('help.interested.fulfillment')}</List.Item>
                  <List.Item>{t('help.interested.quality')}</List.Item>
                </List>
                <Anchor href="/api/docs/" target="_blank">
                  {t('help.interested.docs')}
                </Anchor>
                <Anchor component={Link} to="/interest">
                  {t('help.interested.register')}
                </Anchor>
              </Stack>
            </Tabs.Panel>
          </Tabs>
        )}
      </QueryState>
      <Card withBorder>
        <Title order={4}>{t('help.escalation.title')}</Title>
        <Text size="sm">{t('help.escalation.how')}</Text>
        <Text size="sm" mt="xs">
          {t('help.escalation.expect')}
        </Text>
      </Card>
    </Stack>
  );
}
