/**
 * Routes of Coder's API that its dashboard, API client and IDE plugins call and Warren does not
 * serve yet (answering 404 "Route not found."). The conformance suite prints them and fails when
 * one of them becomes served, so this list, `docs/api.md` and the cases move together.
 */
export const NOT_SERVED: string[] = [
  'GET /api/v2/users/{}/quiet-hours',
  'PUT /api/v2/users/{}/quiet-hours',
  'POST /api/v2/users/otp/request',
  'POST /api/v2/users/otp/change-password',
  'GET /api/v2/users/oauth2/github/callback',
  'POST /api/v2/organizations',
  'PATCH /api/v2/organizations/{}',
  'DELETE /api/v2/organizations/{}',
  'POST /api/v2/organizations/{}/members/{}',
  'DELETE /api/v2/organizations/{}/members/{}',
  'POST /api/v2/organizations/{}/members/roles',
  'PUT /api/v2/organizations/{}/members/roles',
  'GET /api/v2/organizations/{}/members/{}/workspace-quota',
  'GET /api/v2/organizations/{}/settings/idpsync/groups',
  'PUT /api/v2/workspaces/{}/dormant',
  'POST /api/v2/applications/reconnecting-pty-signed-token',
  'GET /api/v2/templates/{}/acl',
  'GET /api/v2/oauth2-provider/apps',
  'POST /api/v2/notifications/test',
  'GET /api/v2/audit',
  'GET /api/v2/groups',
  'GET /api/v2/licenses',
  'GET /api/v2/replicas',
  'GET /api/v2/workspaceproxies',
  'GET /api/v2/insights/user-latency',
  'GET /api/v2/insights/user-activity',
  'GET /api/v2/insights/user-status-counts',
  'GET /api/v2/insights/templates',
];
