import { Alert, Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '../../api/types.js';

/**
 * The on-call page a confirmed urgent case opened, in words both sides read: partners learn that an engineer
 * has it (acknowledged) or that it is over (resolved); staff also get the page itself.
 */
export function PageEscalation({ page, staff }: { page: NonNullable<CaseDetail['page']>; staff: boolean }) {
  const { t } = useTranslation();
  const colour = page.status === 'resolved' ? 'green' : page.status === 'acknowledged' ? 'blue' : 'red';
  return (
    <Alert color={colour} variant="light" data-testid="case-page">
      <Text fw={600} size="sm">
        {t('cases.escalated')}
      </Text>
      <Text size="sm">{t(`cases.pageStatus.${page.status}`, { defaultValue: page.status })}</Text>
      {staff && (
        <Anchor component={Link} to={`/pages/${page.id}`} size="sm">
          {t('cases.openPage')}
        </Anchor>
      )}
    </Alert>
  );
}
