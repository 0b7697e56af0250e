// Accounts (admin): list, add, change a role, disable or enable. Every change is written to the audit log.
import type { Response, Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../log.ts';
import { type ConsoleUser, ROLES, type Role, type Store } from '../../store/types.ts';
import { type Access, newPasswordSchema, userNameSchema } from '../access.ts';
import { auditActions, recordAudit } from '../audit.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatTime, type PageContext } from '../layout.ts';
import { consoleMessages as m } from '../messages.ts';
import { hashPassword } from '../password.ts';

export interface UserRouteDeps {
  access: Access;
  store: Store;
  logger: Logger;
  clock: () => number;
}

const roleSchema = z.enum(ROLES as [Role, ...Role[]]);
const addSchema = z.object({ name: userNameSchema, role: roleSchema, password: newPasswordSchema });
const changeSchema = z.object({
  role: roleSchema.optional(),
  disabled: z.enum(['0', '1']).optional(),
});

function roleSelect(id: string, selected: Role): SafeHtml {
  return html`<select id="${id}" name="role">${ROLES.map(
    (r) => html`<option value="${r}"${r === selected ? html` selected` : null}>${m.roleLabels[r]}</option>`,
  )}</select>`;
}

export function usersView(
  ctx: PageContext,
  users: readonly ConsoleUser[],
  form: { name: string; role: Role },
): SafeHtml {
  const rows = users.map((u, i) => {
    const action = `/console/users/${encodeURIComponent(u.name)}`;
    return html`<tr><th scope="row">${u.name}</th><td>${m.roleLabels[u.role]}</td><td>${u.disabled ? m.userDisabled : m.userActive}</td><td>${formatTime(
      u.createdAt,
    )}</td><td class="actions"><form method="post" action="${action}" class="inline">${csrfField(ctx)}<label class="visually-hidden" for="role-${i}">${m.userRole}（${u.name}）</label>${roleSelect(
      `role-${i}`,
      u.role,
    )}<button type="submit">${m.changeRoleButton}</button></form><form method="post" action="${action}" class="inline">${csrfField(
      ctx,
    )}<input type="hidden" name="disabled" value="${u.disabled ? '0' : '1'}"><button type="submit" class="${u.disabled ? '' : 'danger'}">${
      u.disabled ? m.enableButton : m.disableButton
    }</button></form></td></tr>`;
  });
  return html`${users.length === 0 ? html`<p class="empty">${m.noAccountsYet}</p>` : null}<dl class="facts roles">${ROLES.map(
    (r) => html`<dt>${m.roleLabels[r]}</dt><dd>${m.roleHelp[r]}</dd>`,
  )}</dl>
<div class="table-wrap"><table class="users"><caption>${m.usersCaption(users.length)}</caption><thead><tr><th scope="col">${m.userName}</th><th scope="col">${m.userRole}</th><th scope="col">${m.userState}</th><th scope="col">${m.userCreated}</th><th scope="col">${m.userActions}</th></tr></thead><tbody>${rows}</tbody></table></div>
<section aria-labelledby="add-user-h"><h2 id="add-user-h">${m.addUserTitle}</h2>
<form method="post" action="/console/users" class="add-user">${csrfField(ctx)}
<div class="field"><label for="nu-name">${m.userName}</label><input id="nu-name" name="name" type="text" required maxlength="64" autocomplete="off" autocapitalize="none" spellcheck="false" value="${form.name}" aria-describedby="nu-name-hint"><p class="hint" id="nu-name-hint">${m.userNameHint}</p></div>
<div class="field"><label for="nu-role">${m.userRole}</label>${roleSelect('nu-role', form.role)}</div>
<div class="field"><label for="nu-password">${m.userPassword}</label><input id="nu-password" name="password" type="password" required minlength="10" maxlength="1024" autocomplete="new-password" aria-describedby="nu-password-hint"><p class="hint" id="nu-password-hint">${m.userPasswordHint}</p></div>
<button type="submit">${m.addUserButton}</button></form></section>`;
}

/** Whether the change leaves at least one active admin, so the console cannot lock itself out. */
function keepsAnAdmin(
  users: readonly ConsoleUser[],
  name: string,
  next: { role: Role; disabled: boolean },
): boolean {
  return users.some((u) => {
    const after = u.name === name ? next : u;
    return after.role === 'admin' && !after.disabled;
  });
}

export function registerUserRoutes(router: Router, deps: UserRouteDeps): void {
  const { access, store, logger, clock } = deps;
  const { allow, send } = access;

  const render = async (
    res: Response,
    status: number,
    error: string | null,
    form = { name: '', role: 'viewer' as Role },
  ) => {
    const ctx = await access.context(res);
    const notice = error ? { kind: 'error' as const, lines: [error] } : ctx.notice;
    send(
      res,
      status,
      { ...ctx, notice },
      m.titles.users,
      'users',
      usersView(ctx, await store.consoleUsers.list(), form),
    );
  };

  router.get('/users', allow('admin'), async (_req, res) => {
    await render(res, 200, null);
  });

  router.post('/users', allow('admin'), async (req, res) => {
    const body = addSchema.safeParse(req.body);
    const raw = req.body as Record<string, unknown>;
    const form = {
      name: typeof raw.name === 'string' ? raw.name.slice(0, 64) : '',
      role: roleSchema.catch('viewer').parse(raw.role),
    };
    if (!body.success) return render(res, 400, body.error.issues[0]?.message ?? m.badInput, form);
    const { name, role, password } = body.data;
    const created = await store.consoleUsers.create({
      name,
      role,
      passwordHash: hashPassword(password),
      createdAt: clock(),
    });
    if (!created) return render(res, 409, m.userExists(name), form);
    access.accountsChanged();
    await recordAudit(store, access.viewerOf(res), clock(), {
      action: auditActions.userCreate,
      target: name,
      before: null,
      after: m.roleLabels[role],
    });
    logger.info({ name, role }, 'console account created');
    await access.notify(res, { kind: 'ok', lines: [m.userAdded(name, m.roleLabels[role])] });
    res.redirect(303, '/console/users');
  });

  router.post('/users/:name', allow('admin'), async (req, res) => {
    const name = userNameSchema.safeParse(req.params.name);
    const change = changeSchema.safeParse(req.body);
    if (!name.success || !change.success) return render(res, 400, m.badInput);
    const users = await store.consoleUsers.list();
    const user = users.find((u) => u.name === name.data);
    if (!user) return render(res, 404, m.userUnknown);
    const viewer = access.viewerOf(res);
    if (viewer.actor === user.name) return render(res, 409, m.notYourself);
    const next = {
      role: change.data.role ?? user.role,
      disabled: change.data.disabled === undefined ? user.disabled : change.data.disabled === '1',
    };
    if (next.role === user.role && next.disabled === user.disabled)
      return res.redirect(303, '/console/users');
    if (!keepsAnAdmin(users, user.name, next) && users.some((u) => u.role === 'admin' && !u.disabled)) {
      return render(res, 409, m.lastAdmin);
    }
    await store.consoleUsers.update(user.name, next, clock());
    // A changed role or a disabled account takes effect now, not when the session would have ended.
    await access.logOutEverywhere(user.name);
    access.accountsChanged();
    const roleChanged = next.role !== user.role;
    await recordAudit(store, viewer, clock(), {
      action: roleChanged
        ? auditActions.userRole
        : next.disabled
          ? auditActions.userDisable
          : auditActions.userEnable,
      target: user.name,
      before: roleChanged ? m.roleLabels[user.role] : user.disabled ? m.userDisabled : m.userActive,
      after: roleChanged ? m.roleLabels[next.role] : next.disabled ? m.userDisabled : m.userActive,
    });
    logger.info({ name: user.name, ...next }, 'console account changed');
    const line = roleChanged
      ? m.userRoleChanged(user.name, m.roleLabels[next.role])
      : next.disabled
        ? m.userDisabledNotice(user.name)
        : m.userEnabledNotice(user.name);
    await access.notify(res, { kind: 'ok', lines: [line] });
    res.redirect(303, '/console/users');
  });
}
