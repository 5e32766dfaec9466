import { Alert, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The loading and error states every data view shares. */
export function QueryState({
  isLoading,
  error,
  children,
}: {
  isLoading: boolean;
  error: Error | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isLoading) return <Loader aria-label={t('common.loading')} />;
  if (error) return <Alert color="red">{t('common.error', { message: error.message })}</Alert>;
  return <>{children}</>;
}
