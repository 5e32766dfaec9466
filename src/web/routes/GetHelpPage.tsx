import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { URGENT_CRITERIA } from '../../shared/cases.js';
import type { PartnerAccount } from '../api/types.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorText } from '../components/ErrorText.js';
import { useContacts } from '../features/account/queries.js';
import { useSession } from '../features/auth/session.js';
import { useMeta } from '../features/meta/queries.js';
import { useIntegrationAction, usePartner } from '../features/partners/queries.js';
import { useFormat } from '../i18n/format.js';

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

/** Under maintenance: the pause in force (reason, end, resume), or how to pause; a case can be opened either way. */
function MaintenanceHelp({ partner }: { partner: PartnerAccount }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useSession();
  const resume = useIntegrationAction(partner.id, 'resume');
  const paused = partner.integrationState === 'paused';
  return (
    <Stack>
      {paused ? (
        <Card withBorder data-testid="current-pause">
          <Title order={4}>{t('help.maintenance.pausedTitle')}</Title>
          <Text>{t('integration.reasonShown', { reason: partner.stateReason ?? '' })}</Text>
          <Text size="sm">
            {partner.pausedUntil
              ? t('integration.resumesAt', { date: format.dateTime(partner.pausedUntil) })
              : t('help.maintenance.noEnd')}
          </Text>
          {session?.user.role === 'partner_admin' ? (
            <Group mt="md">
              <ConfirmButton
                color="green"
                label={t('integration.resume')}
                question={t('integration.resumeQuestion')}
                onConfirm={() => resume.mutate()}
              />
              <Anchor component={Link} to="/account?tab=integration">
                {t('help.maintenance.changePause')}
              </Anchor>
            </Group>
          ) : (
            <Text size="sm" c="dimmed" mt="xs">
              {t('integration.adminsOnly')}
            </Text>
          )}
          <ErrorText error={resume.error} />
        </Card>
      ) : (
        <>
          <Text>{t('help.maintenance.intro')}</Text>
          <Button component={Link} to="/account?tab=integration" w="fit-content">
            {t('help.maintenance.toToggle')}
          </Button>
        </>
      )}
      <Text>{t('help.maintenance.caseStillOpen')}</Text>
      <Button component={Link} to="/cases/new?category=technical_support" variant="light" w="fit-content">
        {t('help.launched.openCase')}
      </Button>
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

function InterestedHelp() {
  const { t } = useTranslation();
  const meta = useMeta();
  const docsUrl = meta.data?.docsUrl;
  return (
    <Stack>
      <Text>{t('help.interested.intro')}</Text>
      <List>
        <List.Item>{t('help.interested.feeds')}</List.Item>
        <List.Item>{t('help.interested.fulfillment')}</List.Item>
      </List>
      <Text>{t('help.interested.quality')}</Text>
      {docsUrl ? (
        <Anchor href={docsUrl} target="_blank" rel="noopener noreferrer">
          {t('help.interested.docs')}
        </Anchor>
      ) : (
        meta.data && (
          <Text size="sm" c="dimmed">
            {t('help.interested.docsNotConfigured')}
          </Text>
        )
      )}
      <Anchor component={Link} to="/interest">
        {t('help.interested.register')}
      </Anchor>
    </Stack>
  );
}

const TABS = ['launched', 'maintenance', 'integrating', 'interested'] as const;

function HelpTabs({ partner }: { partner: PartnerAccount }) {
  const { t } = useTranslation();
  const own = tabFor(partner);
  return (
    <Tabs defaultValue={own}>
      <Tabs.List>
        {TABS.map((tab) => (
          <Tabs.Tab
            key={tab}
            value={tab}
            rightSection={
              tab === own && (
                <Badge size="xs" variant="light">
                  {t('help.yourStatus')}
                </Badge>
              )
            }
          >
            {t(`help.tabs.${tab}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="launched" pt="md">
        <LaunchedHelp />
      </Tabs.Panel>
      <Tabs.Panel value="maintenance" pt="md">
        <MaintenanceHelp partner={partner} />
      </Tabs.Panel>
      <Tabs.Panel value="integrating" pt="md">
        <IntegratingHelp partner={partner} />
      </Tabs.Panel>
      <Tabs.Panel value="interested" pt="md">
        <InterestedHelp />
      </Tabs.Panel>
    </Tabs>
  );
}

export function GetHelpPage({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const partner = usePartner(partnerId);
  return (
    <Stack>
      <Title order={2}>{t('help.title')}</Title>
      {partner.isLoading && <Loader aria-label={t('common.loading')} />}
      {partner.data && <HelpTabs partner={partner.data} />}
      {partner.error && !partner.data && (
        // Without the partner we cannot tell its status, but how to file a case still holds.
        <>
          <Alert color="red" title={t('help.loadFailed')}>
            <ErrorText error={partner.error} />
            <Button
              mt="sm"
              size="xs"
              variant="light"
              loading={partner.isFetching}
              onClick={() => void partner.refetch()}
            >
              {t('common.retry')}
            </Button>
          </Alert>
          <LaunchedHelp />
        </>
      )}
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
