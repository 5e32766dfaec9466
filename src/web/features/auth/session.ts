import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Locale } from '../../../shared/locales.js';
import { isStaffRole } from '../../../shared/roles.js';
import { ApiError, client, dataOf, setCsrfToken } from '../../api/client.js';
import type { Session, User } from '../../api/types.js';
import i18n, { chooseLanguage } from '../../i18n/index.js';

const SESSION_KEY = ['session'];

async function fetchSession(): Promise<Session | null> {
  try {
    return await dataOf(client.GET('/api/v1/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user (or null); keeps the CSRF token and the UI language in step with it. */
export function useSession() {
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
  const session = query.data;
  useEffect(() => {
    setCsrfToken(session?.csrfToken ?? null);
    if (session && i18n.language !== session.user.locale) void i18n.changeLanguage(session.user.locale);
  }, [session]);
  return { session: session ?? null, isLoading: query.isLoading };
}

export function isStaff(user: User): boolean {
  return isStaffRole(user.role);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      dataOf(client.POST('/api/v1/auth/login', { body })),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(client.POST('/api/v1/auth/logout')),
    onSettled: () => {
      setCsrfToken(null);
      // Drop every cached view of the old user's data; the session query stays observed and turns null.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
}

/**
 * Switches the UI at once and stores the choice on the user, so emails and the next visit follow it, and on
 * this device, so the sign-in page after signing out does too.
 */
export function useChangeLanguage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (locale: Locale) => dataOf(client.PATCH('/api/v1/auth/me', { body: { locale } })),
    onMutate: (locale) => chooseLanguage(locale),
    onSuccess: (user) => {
      queryClient.setQueryData<Session | null>(SESSION_KEY, (old) => (old ? { ...old, user } : old));
    },
  });
}
