package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/sladesk/sladesk/store"
)

// runToken creates, revokes and lists the API tokens of a tenant.
func runToken(ctx context.Context, env *Env, args []string) error {
	var sf storeFlags
	fs := newFlagSet(env, "token", "token create --role admin|analyst|vendor [--vendor NAME] [--name NAME] "+
		"[--tenant T] [--data DIR | --db URL]\n"+
		"       sladesk token revoke ID [--tenant T]\n"+
		"       sladesk token list [--tenant T]")
	sf.register(fs)
	role := fs.String("role", "", "create: the token's `role`: admin, analyst or vendor")
	vendor := fs.String("vendor", "", "create: the `vendor` a vendor token may see")
	name := fs.String("name", "", "create: a `name` to know the token by")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("token needs create, revoke or list")
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	switch verb := fs.Arg(0); verb {
	case "create":
		if fs.NArg() != 1 {
			return usageErr("token create takes no arguments")
		}
		secret, t, err := st.CreateToken(ctx, sf.tenant, *name, store.Role(*role), *vendor)
		if err != nil {
			return usageErr("%v", err)
		}
		fmt.Fprintf(env.Stderr, "token %s (%s) of %s: the secret below is shown once, keep it safe\n",
			t.ID, t.Role, t.Tenant)
		fmt.Fprintln(env.Stdout, secret)
	case "revoke":
		if fs.NArg() != 2 {
			return usageErr("token revoke takes the token's ID")
		}
		if err := st.RevokeToken(ctx, sf.tenant, fs.Arg(1)); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "token %s revoked\n", fs.Arg(1))
	case "list":
		tokens, err := st.Tokens(ctx, sf.tenant)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tVENDOR\tCREATED\tREVOKED")
		for _, t := range tokens {
			revoked := "-"
			if !t.Revoked.IsZero() {
				revoked = t.Revoked.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.Vendor,
				t.Created.Format(time.RFC3339), revoked)
		}
		return tw.Flush()
	default:
		return usageErr("unknown token command %q (want create, revoke or list)", verb)
	}
	return nil
}
