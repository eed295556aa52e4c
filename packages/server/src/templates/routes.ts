import { archiveTemplateVersionsRequest, createTemplateRequest, updateActiveTemplateVersion, updateTemplateMeta } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import { authorize, can } from '../authz/policy';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { forbidden } from '../http/errors';
import { parseBody, parsePagination, parseUuid } from '../http/validate';
import { resolveOrganization } from '../organizations/service';
import { archiveUnusedVersions } from '../templateversions/archive';
import { toTemplate } from './convert';
import { parseTzOffset, templateDAUs } from './daus';
import { listTemplateExamples } from './examples';
import * as service from './service';

type TemplateParams = { template: string };
type OrgParams = { org: string };

export function registerTemplateRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: OrgParams }>('/api/v2/organizations/:org/templates', async (req, reply) => {
    const template = await service.createTemplate(ctx, actorOf(req), req.params.org, parseBody(createTemplateRequest, req.body));
    return reply.status(201).send(template);
  });

  app.get<{ Params: OrgParams }>('/api/v2/organizations/:org/templates', async (req) => {
    const actor = actorOf(req);
    const org = await resolveOrganization(ctx, actor, req.params.org);
    return service.listTemplates(ctx, actor, { organizationId: org.id });
  });

  app.get<{ Params: OrgParams & { name: string } }>('/api/v2/organizations/:org/templates/:name', async (req) => {
    return toTemplate(await service.resolveTemplateByName(ctx, actorOf(req), req.params.org, req.params.name));
  });

  app.get<{ Params: OrgParams & { name: string; vname: string } }>(
    '/api/v2/organizations/:org/templates/:name/versions/:vname',
    async (req) => {
      const template = await service.resolveTemplateByName(ctx, actorOf(req), req.params.org, req.params.name);
      return service.versionOfTemplateByName(ctx, template, req.params.vname);
    },
  );

  // Static paths win over `/templates/:template` in the router, so `examples` is never read as an id.
  app.get('/api/v2/templates/examples', async () => listTemplateExamples());

  app.get<{ Params: OrgParams }>('/api/v2/organizations/:org/templates/examples', async (req) => {
    const actor = actorOf(req);
    const org = await resolveOrganization(ctx, actor, req.params.org);
    authorize(actor, 'read', { type: 'template', organizationId: org.id });
    return listTemplateExamples();
  });

  app.get<{ Params: TemplateParams; Querystring: { tz_offset?: string } }>('/api/v2/templates/:template/daus', async (req) => {
    const template = await service.resolveTemplate(ctx, actorOf(req), req.params.template);
    return templateDAUs(ctx, template.id, parseTzOffset(req.query.tz_offset));
  });

  app.get<{ Params: OrgParams & { name: string; vname: string } }>(
    '/api/v2/organizations/:org/templates/:name/versions/:vname/previous',
    async (req) => {
      const template = await service.resolveTemplateByName(ctx, actorOf(req), req.params.org, req.params.name);
      return service.previousVersionOfTemplate(ctx, template, req.params.vname);
    },
  );

  // Daily active users of every template, for those who may read all templates.
  app.get<{ Querystring: { tz_offset?: string } }>('/api/v2/insights/daus', async (req) => {
    if (!can(actorOf(req), 'read', { type: 'template' })) throw forbidden();
    return templateDAUs(ctx, undefined, parseTzOffset(req.query.tz_offset));
  });

  app.get<{ Querystring: Record<string, string> }>('/api/v2/templates', async (req) => {
    return service.listTemplates(ctx, actorOf(req), await service.parseTemplateQuery(ctx, req.query.q ?? ''));
  });

  app.get<{ Params: TemplateParams }>('/api/v2/templates/:template', async (req) => {
    return toTemplate(await service.resolveTemplate(ctx, actorOf(req), req.params.template));
  });

  app.patch<{ Params: TemplateParams }>('/api/v2/templates/:template', async (req, reply) => {
    const updated = await service.updateTemplate(ctx, actorOf(req), req.params.template, parseBody(updateTemplateMeta, req.body));
    if (!updated) return reply.status(304).send();
    return updated;
  });

  app.delete<{ Params: TemplateParams }>('/api/v2/templates/:template', async (req) =>
    service.deleteTemplate(ctx, actorOf(req), req.params.template),
  );

  app.get<{ Params: TemplateParams; Querystring: Record<string, string> }>('/api/v2/templates/:template/versions', async (req) => {
    const { limit, offset } = parsePagination(req.query);
    return service.listVersionsOfTemplate(ctx, actorOf(req), req.params.template, {
      includeArchived: req.query.include_archived === 'true',
      afterId: req.query.after_id ? parseUuid(req.query.after_id, 'after_id') : undefined,
      limit,
      offset,
    });
  });

  app.post<{ Params: TemplateParams }>('/api/v2/templates/:template/versions/archive', async (req) =>
    archiveUnusedVersions(ctx, actorOf(req), req.params.template, parseBody(archiveTemplateVersionsRequest, req.body ?? {}).all === true),
  );

  app.patch<{ Params: TemplateParams }>('/api/v2/templates/:template/versions', async (req) => {
    const body = parseBody(updateActiveTemplateVersion, req.body);
    return service.setActiveVersion(ctx, actorOf(req), req.params.template, body.id);
  });

  app.get<{ Params: TemplateParams & { name: string } }>('/api/v2/templates/:template/versions/:name', async (req) => {
    const template = await service.resolveTemplate(ctx, actorOf(req), req.params.template);
    return service.versionOfTemplateByName(ctx, template, req.params.name);
  });
}
