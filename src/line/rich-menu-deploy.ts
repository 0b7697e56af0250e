// Makes a rich menu the channel's default through the SDK clients, replacing (and deleting) the previous default.
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';

export interface RichMenuClients {
  api: Pick<
    messagingApi.MessagingApiClient,
    | 'validateRichMenuObject'
    | 'getDefaultRichMenuId'
    | 'createRichMenu'
    | 'setDefaultRichMenu'
    | 'deleteRichMenu'
  >;
  blob: Pick<messagingApi.MessagingApiBlobClient, 'setRichMenuImage'>;
}

export function createRichMenuClients(options: {
  channelAccessToken: string;
  baseURL: string;
  dataBaseURL: string;
}): RichMenuClients {
  return {
    api: new messagingApi.MessagingApiClient({
      channelAccessToken: options.channelAccessToken,
      baseURL: options.baseURL,
    }),
    blob: new messagingApi.MessagingApiBlobClient({
      channelAccessToken: options.channelAccessToken,
      baseURL: options.dataBaseURL,
    }),
  };
}

export type DeployStep =
  | 'validate'
  | 'read_default'
  | 'create'
  | 'upload_image'
  | 'set_default'
  | 'delete_old';

export type DeployResult =
  | { ok: true; richMenuId: string; replaced: string | null; oldDeleted: boolean; warning?: string }
  | { ok: false; step: DeployStep; error: string; cleanedUp: boolean };

/** What LINE said, without the access token (the SDK's errors never carry it, but its body might echo input). */
function describe(error: unknown): string {
  if (error instanceof HTTPFetchError) return `LINE API ${error.status}: ${error.body.slice(0, 300)}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Validate, create, upload the image, set it as default, then delete the menu it replaced. A failure
 * before the switch deletes the half-made menu, so the old default keeps serving and nothing is left over.
 */
export async function deployRichMenu(
  clients: RichMenuClients,
  request: messagingApi.RichMenuRequest,
  image: { bytes: Buffer; contentType: 'image/png' },
): Promise<DeployResult> {
  const { api, blob } = clients;
  let step: DeployStep = 'validate';
  let created: string | null = null;
  try {
    await api.validateRichMenuObject(request);
    step = 'read_default';
    const previous = await currentDefault(api);
    step = 'create';
    created = (await api.createRichMenu(request)).richMenuId;
    step = 'upload_image';
    await blob.setRichMenuImage(
      created,
      new Blob([new Uint8Array(image.bytes)], { type: image.contentType }),
    );
    step = 'set_default';
    await api.setDefaultRichMenu(created);
    const richMenuId = created;
    created = null;
    if (previous === null || previous === richMenuId) {
      return { ok: true, richMenuId, replaced: null, oldDeleted: false };
    }
    step = 'delete_old';
    try {
      await api.deleteRichMenu(previous);
      return { ok: true, richMenuId, replaced: previous, oldDeleted: true };
    } catch (error) {
      // The new menu already serves; a menu left behind is only clutter, so this is a warning.
      return {
        ok: true,
        richMenuId,
        replaced: previous,
        oldDeleted: false,
        warning: `the replaced menu ${previous} was not deleted (${describe(error)})`,
      };
    }
  } catch (error) {
    let cleanedUp = false;
    if (created !== null) {
      cleanedUp = await api.deleteRichMenu(created).then(
        () => true,
        () => false,
      );
    }
    return { ok: false, step, error: describe(error), cleanedUp };
  }
}

/** The default menu's id, or null: LINE answers 404 when a channel has none. */
async function currentDefault(api: RichMenuClients['api']): Promise<string | null> {
  try {
    return (await api.getDefaultRichMenuId()).richMenuId;
  } catch (error) {
    if (error instanceof HTTPFetchError && error.status === 404) return null;
    throw error;
  }
}
