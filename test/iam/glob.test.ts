import { describe, expect, it } from 'vitest';
import { compile, covers, matches, overlaps } from '../../src/iam/glob.js';

const res = (p: string) => compile(p, { variables: true });
const act = (p: string) => compile(p, { caseInsensitive: true });

describe('IAM wildcard patterns', () => {
  it('* matches any run of characters, across / and :', () => {
    expect(matches(res('arn:aws:s3:::bucket/*'), 'arn:aws:s3:::bucket/a/b/c')).toBe(true);
    expect(matches(res('arn:aws:ecr:*:111122223333:repository/*'), 'arn:aws:ecr:us-east-1:111122223333:repository/daytonaio/daytona-api')).toBe(true);
    expect(matches(res('arn:aws:*'), 'arn:aws:ecr:us-east-1:1:repository/x')).toBe(true);
    expect(matches(res('arn:aws:s3:::bucket/*'), 'arn:aws:s3:::bucket')).toBe(false);
  });

  it('? matches exactly one character', () => {
    expect(matches(res('arn:aws:s3:::b?cket'), 'arn:aws:s3:::bucket')).toBe(true);
    expect(matches(res('arn:aws:s3:::b?cket'), 'arn:aws:s3:::bcket')).toBe(false);
    expect(matches(res('arn:aws:s3:::b?cket'), 'arn:aws:s3:::buucket')).toBe(false);
  });

  it('matches resources case-sensitively and actions case-insensitively', () => {
    expect(matches(res('arn:aws:s3:::Bucket'), 'arn:aws:s3:::bucket')).toBe(false);
    expect(matches(act('ECR:batchgetimage'), 'ecr:BatchGetImage', true)).toBe(true);
    expect(matches(act('ecr:Get*'), 'ECR:GETAUTHORIZATIONTOKEN', true)).toBe(true);
  });

  it('treats a policy variable as a request-time wildcard and flags it; ${*} is a literal star', () => {
    const p = res('arn:aws:s3:::home/${aws:username}/*');
    expect(p.variable).toBe(true);
    expect(matches(p, 'arn:aws:s3:::home/alice/x')).toBe(true);
    const lit = res('arn:aws:s3:::b/${*}');
    expect(lit.variable).toBe(false);
    expect(matches(lit, 'arn:aws:s3:::b/*')).toBe(true);
    expect(matches(lit, 'arn:aws:s3:::b/x')).toBe(false);
  });

  it('writes in the value of a known variable (key case-insensitive, default value ignored); unknown ones stay wildcards', () => {
    const known = { 'aws:username': 'alice' };
    const p = compile('arn:aws:s3:::home/${AWS:UserName}/${aws:username, \'x\'}/${aws:userid}', { variables: true, known });
    expect(p.variable).toBe(true);
    expect(matches(p, 'arn:aws:s3:::home/alice/alice/AIDA1')).toBe(true);
    expect(matches(p, 'arn:aws:s3:::home/bob/alice/AIDA1')).toBe(false);
    expect(compile('arn:aws:s3:::${aws:username}', { variables: true, known })).toMatchObject({ variable: false, wild: false, text: 'arn:aws:s3:::alice' });
  });

  it('covers: an outer pattern covers an inner one only when it matches everything the inner stands for', () => {
    expect(covers(res('*'), res('arn:aws:s3:::b/*'))).toBe(true);
    expect(covers(res('arn:aws:s3:::b/*'), res('arn:aws:s3:::b/*'))).toBe(true);
    expect(covers(res('arn:aws:s3:::b*'), res('arn:aws:s3:::b/*'))).toBe(true);
    expect(covers(res('arn:aws:s3:::b/harbor/*'), res('arn:aws:s3:::b/*'))).toBe(false);
    expect(covers(res('arn:aws:s3:::b/?'), res('arn:aws:s3:::b/*'))).toBe(false);
    expect(covers(res('arn:aws:s3:::b/*'), res('arn:aws:s3:::b/?'))).toBe(true);
  });

  it('overlaps: two patterns overlap when some string matches both', () => {
    expect(overlaps(res('arn:aws:s3:::b/secret/*'), res('arn:aws:s3:::b/*'))).toBe(true);
    expect(overlaps(res('arn:aws:s3:::a/*'), res('arn:aws:s3:::b/*'))).toBe(false);
    expect(overlaps(res('*x'), res('y*'))).toBe(true);
    expect(overlaps(res('a?c'), res('*b*'))).toBe(true);
    expect(overlaps(res('a?c'), res('*adc'))).toBe(true);
    expect(overlaps(res('a?c'), res('*dd*'))).toBe(false);
  });
});
