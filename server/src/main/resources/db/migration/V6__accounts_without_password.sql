-- Accounts without a password (issue 6): an account signs in by the methods it holds, and a password hash is only one
-- of them. An account without one is created by an operator (user add --no-password); a password login to it fails
-- like a wrong password. The statement is the same in H2 and PostgreSQL.
alter table accounts alter column password_hash drop not null;
