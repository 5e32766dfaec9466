import { Badge, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types.js';
import { SEVERITY_COLORS } from '../health/format.js';

type CaseHealth = NonNullable<CaseDetail['health']>;

/**
 * The partner's open health escalations beside an urgent case: what the platform's own signals say about the
 * problem the partner reports. "Signals confirm" when a critical one is that very problem.
 */
export function SignalsEvidence({ health }: { health: CaseHealth }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="signals-evidence">
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {t('cases.healthEvidence')}
        </Text>
        {health.signalsConfirm && (
          <Badge color="red" variant="filled" data-testid="signals-confirm">
            {t('cases.signalsConfirm')}
          </Badge>
        )}
      </Group>
      {health.escalations.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('cases.noHealthEvidence')}
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {health.escalations.map((e) => (
            <List.Item key={e.id}>
              <Badge size="xs" color={SEVERITY_COLORS[e.severity] ?? 'gray'} mr={6}>
                {t(`healthSeverity.${e.severity}`)}
              </Badge>
              {t(`healthArea.${e.area.replace(':', '.')}`)} —{' '}
              {e.rules.map((rule) => t(`healthRule.${rule}`)).join(', ')}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
