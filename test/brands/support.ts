// Two brands under one controller, as the tests set them up: ITcare and CloudCare, each with
// a topic, through the admin API.
import { type TestEnv, uniqueTopicKey } from '../support/harness';

export const ITCARE = {
  name: 'ITcare',
  website_url: 'https://www.itcare.be',
  accent: '#0f5f8a',
  mail_from: 'ITcare <news@itcare.be>',
  privacy_policy_url: 'https://www.itcare.be/privacy',
  privacy_contact: 'privacy@itcare.be',
  default_locale: 'nl',
};
export const CLOUDCARE = {
  name: 'CloudCare',
  website_url: 'https://www.cloudcare.be',
  public_url: 'https://prefs.cloudcare.be',
  accent: '#8a1f5c',
  privacy_policy_url: 'https://www.cloudcare.be/privacy',
  default_locale: 'fr',
};

export async function putBrand(env: TestEnv, key: string, body: unknown): Promise<Response> {
  return env.api('PUT', `/v1/brands/${key}`, body);
}

/** Both brands and a consent topic of each; returns the topic keys. */
export async function twoBrands(env: TestEnv): Promise<{ itcare: string; cloudcare: string }> {
  for (const [key, body] of [
    ['itcare', ITCARE],
    ['cloudcare', CLOUDCARE],
  ] as const) {
    const res = await putBrand(env, key, body);
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`putBrand: ${res.status} ${await res.text()}`);
  }
  const topic = async (brand: string, name: Record<string, string>) => {
    const key = uniqueTopicKey(brand);
    const res = await env.api('PUT', `/v1/topics/${key}`, { name, basis: 'consent', brand });
    if (res.status !== 201) throw new Error(`topic: ${res.status} ${await res.text()}`);
    return key;
  };
  return {
    itcare: await topic('itcare', { en: 'ITcare news', nl: 'ITcare-nieuws' }),
    cloudcare: await topic('cloudcare', { en: 'CloudCare tips', fr: 'Conseils CloudCare' }),
  };
}

/** Presend's verdict for one address and topic. */
export async function verdict(env: TestEnv, topic: string, email: string) {
  const res = await env.api('POST', '/v1/presend', { topic, email });
  if (res.status !== 200) throw new Error(`presend: ${res.status} ${await res.text()}`);
  return (await res.json()) as { send: boolean; reason?: string };
}
