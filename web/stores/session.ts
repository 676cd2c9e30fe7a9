import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, get, post } from '../api.ts';

export interface Me {
  orgId: number;
  userId: number;
  email: string;
  role: 'admin' | 'member';
}

/** Who is signed in. */
export const useSession = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const checked = ref(false);

  async function load(): Promise<Me | null> {
    try {
      me.value = await get<Me>('/api/me');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      me.value = null;
    }
    checked.value = true;
    return me.value;
  }

  async function signIn(email: string, password: string): Promise<void> {
    await post('/api/auth/login', { email, password });
    await load();
  }

  async function signOut(): Promise<void> {
    await post('/api/auth/logout');
    me.value = null;
  }

  /** Who owns what this browser stages: `orgId:userId`. */
  const owner = () => (me.value ? `${me.value.orgId}:${me.value.userId}` : '');

  return { me, checked, load, signIn, signOut, owner };
});
