package emulator

import "fmt"

// importValue resolves Fn::ImportValue against the Outputs exported by the
// stacks of the same account and region.
func (a *Assembly) importValue(from *stack, name, id string) (any, error) {
	for _, s := range a.stacks {
		if s.account != from.account || s.region != from.region {
			continue
		}
		for out, o := range s.tmpl.Outputs {
			if o.Export == nil || s == from && from.busy["out:"+out] {
				continue
			}
			key := "out:" + out
			s.busy[key] = true
			exp, err := s.resolveString(o.Export.Name, "", "Outputs."+out+".Export.Name")
			if err != nil {
				delete(s.busy, key)
				return nil, err
			}
			if exp != name {
				delete(s.busy, key)
				continue
			}
			v, err := s.resolve(o.Value, "")
			delete(s.busy, key)
			return v, err
		}
	}
	return nil, fmt.Errorf("%s: Fn::ImportValue %q: no stack in %s/%s exports it", from.loc(id), name, from.account, from.region)
}
