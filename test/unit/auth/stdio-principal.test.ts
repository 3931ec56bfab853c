import { stdioPrincipal } from '../../../src/auth/stdio-principal';

const auth = {
  verifyToken: (token: string) => (token === 'good' ? { subject: 'ada', scopes: ['notes:read'] } : undefined),
};

describe('stdioPrincipal', () => {
  it('verifies the token from ARMATURE_TOKEN once, at start-up', async () => {
    await expect(stdioPrincipal(auth, { ARMATURE_TOKEN: 'good' })).resolves.toEqual({
      subject: 'ada',
      scopes: ['notes:read'],
    });
  });

  it('stops the server with a message naming the variable when the token is missing or invalid', async () => {
    await expect(stdioPrincipal(auth, {})).rejects.toThrow(
      'This stdio server needs a token: set ARMATURE_TOKEN in the environment that starts it',
    );
    await expect(stdioPrincipal(auth, { ARMATURE_TOKEN: 'forged' })).rejects.toThrow(
      'The token in ARMATURE_TOKEN is not valid for this server',
    );
    await expect(
      stdioPrincipal({ ...auth, requiredScopes: ['notes:write'] }, { ARMATURE_TOKEN: 'good' }),
    ).rejects.toThrow('The token in ARMATURE_TOKEN lacks the scopes notes:write');
  });
});
